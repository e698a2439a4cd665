package org.metagov.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

    static final String SCRAPE = """
            # HELP metagov_process_updates_total
            # TYPE metagov_process_updates_total counter
            metagov_process_updates_total{applied="false",status="pending"} 2.0
            metagov_process_updates_total{applied="true",status="pending"} 5.0
            metagov_process_updates_total{applied="false",status="completed"} 1.0
            metagov_process_updates_created{applied="false",status="pending"} 1.7E9
            # TYPE metagov_instances_awaited gauge
            metagov_instances_awaited 1.0
            """;

    @Test
    void sumsTheSamplesOfOneNameWhoseLabelsMatch() {
        assertEquals(3.0, PrometheusScrape.sum(SCRAPE, "metagov_process_updates_total", "applied=false"));
        assertEquals(2.0, PrometheusScrape.sum(SCRAPE, "metagov_process_updates_total", "applied=false",
                "status=pending"));
        assertEquals(8.0, PrometheusScrape.sum(SCRAPE, "metagov_process_updates_total"));
        assertEquals(1.0, PrometheusScrape.sum(SCRAPE, "metagov_instances_awaited"));
    }

    @Test
    void aNameOrLabelNotThereIsZero() {
        assertEquals(0.0, PrometheusScrape.sum(SCRAPE, "metagov_process_updates"));
        assertEquals(0.0, PrometheusScrape.sum(SCRAPE, "metagov_process_updates_total", "applied=maybe"));
        assertEquals(0.0, PrometheusScrape.sum(SCRAPE, "metagov_instances_awaited", "plugin=x"));
    }
}
