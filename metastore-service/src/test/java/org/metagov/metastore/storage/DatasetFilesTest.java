package org.metagov.metastore.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.metagov.metastore.error.MetastoreException;

class DatasetFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = "0123456789abcdef".repeat(4);

    private static ObjectNode pkg(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    private static Map<String, String> files(String json, String lfsUrl) throws Exception {
        Map<String, String> out = new TreeMap<>();
        DatasetFiles.of(pkg(json), Optional.ofNullable(lfsUrl), JSON).files()
                .forEach((path, bytes) -> out.put(path, new String(bytes, StandardCharsets.UTF_8)));
        return out;
    }

    private static MetastoreException rejected(String json) {
        return assertThrows(MetastoreException.class, () -> files(json, null), json);
    }

    @Test
    void aPackageWithoutLocalResourcesIsJustDatapackageJson() throws Exception {
        Map<String, String> files = files("{'title':'x','resources':[{'name':'a','path':'https://x.org/a.csv',"
                + "'sha256':'" + SHA + "','bytes':1},{'name':'b','path':'b.csv'},{'name':'c','data':[]},"
                + "{'name':'d','path':'d.csv','sha256':'" + SHA + "'}]}", "https://lfs.example.org");
        assertEquals(List.of("datapackage.json"), List.copyOf(files.keySet()));
        assertEquals(pkg("{'title':'x','resources':[{'name':'a','path':'https://x.org/a.csv','sha256':'" + SHA
                + "','bytes':1},{'name':'b','path':'b.csv'},{'name':'c','data':[]},{'name':'d','path':'d.csv',"
                + "'sha256':'" + SHA + "'}]}"), JSON.readTree(files.get("datapackage.json")));
        assertTrue(files.get("datapackage.json").endsWith("}\n"));
    }

    @Test
    void pointerFilesGitattributesAndLfsconfigAsMetastoreLibWritesThem() throws Exception {
        Map<String, String> files = files("{'resources':[{'name':'a','path':'data/a.csv','sha256':'"
                + SHA.toUpperCase() + "','bytes':42},{'name':'b','path':'weird [1] *#!?.csv','sha256':'" + SHA
                + "','bytes':0}]}", "https://lfs.example.org/acme/data");
        assertEquals("version https://git-lfs.github.com/spec/v1\noid sha256:" + SHA + "\nsize 42\n",
                files.get("data/a.csv"));
        assertEquals("version https://git-lfs.github.com/spec/v1\noid sha256:" + SHA + "\nsize 0\n",
                files.get("weird [1] *#!?.csv"));
        assertEquals("data/a.csv filter=lfs diff=lfs merge=lfs -text\n"
                + "weird[[:space:]]\\[1\\][[:space:]]\\*\\#\\!\\?.csv filter=lfs diff=lfs merge=lfs -text\n",
                files.get(".gitattributes"));
        assertEquals("[remote \"origin\"]\n\tlfsurl = https://lfs.example.org/acme/data\n", files.get(".lfsconfig"));
        assertFalse(files("{'resources':[{'path':'x.csv','sha256':'" + SHA + "','bytes':1}]}", null)
                .containsKey(".lfsconfig"));
    }

    @Test
    void pathsThatEscapeCollideOrAreReservedAreRejected() {
        for (String path : List.of("/abs.csv", "\\\\server\\share.csv", "C:/data.csv", "../up.csv",
                "a/../../b.csv", "a/./b.csv", "a//b.csv", "dir/", ".git/config", "x/.GIT/y", "datapackage.json",
                ".gitattributes", ".lfsconfig", "back\\slash.csv", "tab\tin.csv", "")) {
            ObjectNode pkg = JSON.createObjectNode();
            pkg.putArray("resources").addObject().put("name", "a").put("path", path).put("sha256", SHA).put("bytes", 1);
            MetastoreException e = assertThrows(MetastoreException.class,
                    () -> DatasetFiles.of(pkg, Optional.empty(), JSON), path);
            assertEquals(400, e.status(), path);
            assertEquals("invalid_resource_path", e.code(), path);
        }
        MetastoreException duplicate = rejected("{'resources':[{'path':'same.csv','sha256':'" + SHA + "','bytes':1},"
                + "{'path':'same.csv','sha256':'" + SHA + "','bytes':2}]}");
        assertTrue(duplicate.details().get(0).contains("used by another resource"), duplicate.details().toString());
        MetastoreException clash = rejected("{'resources':[{'path':'data','sha256':'" + SHA + "','bytes':1},"
                + "{'path':'data/a.csv','sha256':'" + SHA + "','bytes':2}]}");
        assertTrue(clash.details().get(0).contains("directory"), clash.details().toString());
    }

    @Test
    void malformedLfsDescriptionsAreRejected() {
        for (String resource : List.of("{'path':'a.csv','sha256':'abc','bytes':1}",
                "{'path':'a.csv','sha256':'" + SHA + "','bytes':-1}",
                "{'path':'a.csv','sha256':'" + SHA + "','bytes':1.5}",
                "{'path':'a.csv','sha256':'" + SHA + "','bytes':'ten'}",
                "{'path':'a.csv','sha256':42,'bytes':1}",
                "'not an object'")) {
            assertEquals("invalid_resource_path", rejected("{'resources':[" + resource + "]}").code(), resource);
        }
        assertEquals("invalid_datapackage", rejected("{'resources':{'a':1}}").code());
    }
}
