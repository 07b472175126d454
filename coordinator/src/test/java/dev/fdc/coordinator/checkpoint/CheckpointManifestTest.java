package dev.fdc.coordinator.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckpointManifestTest {

    private static final String SHA = "ab".repeat(32);

    @Test
    void jsonRoundTrips() throws CheckpointCorruptException {
        var manifest = new CheckpointManifest("ckpt-2-1-5-40.kryo", 1234, SHA, 2);
        assertEquals(manifest, CheckpointManifest.parse(manifest.toJson(), "m.json"));
        assertEquals(
                "{\"file\":\"ckpt-2-1-5-40.kryo\",\"bytes\":1234,\"sha256\":\"" + SHA + "\",\"epoch\":2}\n",
                new String(manifest.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void damagedManifestsAreCorruptionNamingTheFile() {
        for (String text : new String[] {
            "",
            "{",
            "{\"file\":\"x.kryo\",\"bytes\":1,\"epoch\":2}",
            "{\"file\":\"x.kryo\",\"bytes\":1,\"sha256\":\"" + SHA + "\",\"epoch\":2,}x",
            "{\"file\":\"../x\",\"bytes\":1,\"sha256\":\"" + SHA + "\",\"epoch\":2}"
        }) {
            var e = assertThrows(
                    CheckpointCorruptException.class,
                    () -> CheckpointManifest.parse(text.getBytes(StandardCharsets.UTF_8), "m.json"),
                    text);
            assertTrue(e.getMessage().startsWith("manifest m.json: "), e.getMessage());
        }
    }

    @Test
    void keysParseFromFileNamesAndOrderNewestLast() {
        var key = new CheckpointKey(2, 1, 5, 40);
        assertEquals("ckpt-2-1-5-40.kryo", key.dataFileName());
        assertEquals(key, CheckpointKey.ofFileName(key.manifestFileName()).orElseThrow());
        assertTrue(CheckpointKey.ofFileName(".ckpt-2-1-5-40.kryo.123.tmp").isEmpty());
        assertTrue(key.compareTo(new CheckpointKey(3, 0, 0, 0)) < 0);
        assertTrue(key.compareTo(new CheckpointKey(2, 1, 6, 0)) < 0);
    }
}
