package org.metagov.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The initiator as drivers read it: upstream's keys per platform, the optional ones only when set. */
class InitiatorTest {

    @Test
    void thePlainFormKeepsItsTwoKeysAndANullId() {
        assertEquals("{\"user_id\":\"alice\",\"provider\":\"discourse\"}",
                Json.of(new Initiator("alice", "discourse")).toString());
        assertEquals("{\"user_id\":null,\"provider\":\"slack\",\"is_metagov_bot\":false}",
                Json.of(Initiator.platformUser(null, "slack", false)).toString());
    }

    @Test
    void slackAndDiscordSayWhetherTheBotActed() {
        assertEquals("{\"user_id\":\"U0BOT\",\"provider\":\"slack\",\"is_metagov_bot\":true}",
                Json.of(Initiator.platformUser("U0BOT", "slack", true)).toString());
    }

    @Test
    void gitHubsIdIsANumberWithTheLogin() {
        Initiator github = Initiator.numeric(583231, "octocat", "github");
        assertEquals("{\"user_id\":583231,\"provider\":\"github\",\"user_name\":\"octocat\"}", Json.of(github).toString());
        assertEquals("583231", github.userId());
        assertEquals(github, Json.MAPPER.convertValue(Json.of(github), Initiator.class), "read back as written");
        assertThrows(IllegalArgumentException.class, () -> new Initiator("octocat", "github", null, null, true));
    }
}
