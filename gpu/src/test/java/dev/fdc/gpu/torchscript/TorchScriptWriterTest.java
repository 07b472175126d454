package dev.fdc.gpu.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.TimeInput;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** The archive's container layout (what libtorch's reader relies on) and the writer's input checks. */
class TorchScriptWriterTest {

    private static final MlpSpec SPEC = new MlpSpec(3, new int[] {4}, 2, Activation.RELU);

    private static Map<String, float[]> parameters() {
        Map<String, float[]> p = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, long[]> e :
                TorchScriptWriter.parameterShapes(SPEC).entrySet()) {
            long n = 1;
            for (long d : e.getValue()) {
                n *= d;
            }
            float[] v = new float[(int) n];
            for (int i = 0; i < v.length; i++) {
                v[i] = k++ * 0.25f;
            }
            p.put(e.getKey(), v);
        }
        return p;
    }

    @Test
    void entriesAreStoredUnderOneFolderWithAlignedData() throws Exception {
        byte[] archive =
                TorchScriptWriter.velocityField(SPEC, TimeInput.T, parameters()).toByteArray();
        List<String> names = new ArrayList<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                names.add(e.getName());
                contents.put(e.getName(), in.readAllBytes()); // checks each entry's CRC
            }
        }
        assertEquals(
                List.of(
                        "archive/data.pkl",
                        "archive/code/__torch__/fdc.py",
                        "archive/code/__torch__/torch/nn/modules/linear.py",
                        "archive/constants.pkl",
                        "archive/data/0",
                        "archive/data/1",
                        "archive/data/2",
                        "archive/data/3",
                        "archive/version",
                        "archive/byteorder"),
                names);
        assertEquals("3\n", new String(contents.get("archive/version"), StandardCharsets.UTF_8));
        float[] bias2 = new float[2];
        ByteBuffer.wrap(contents.get("archive/data/3"))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(bias2);
        assertArrayEquals(parameters().get("2.bias"), bias2);
        for (String name : names) {
            int offset = dataOffset(archive, name);
            assertEquals(0, offset % AlignedZipWriter.ALIGNMENT, name + " data at " + offset);
            assertArrayEquals(
                    contents.get(name),
                    java.util.Arrays.copyOfRange(archive, offset, offset + contents.get(name).length));
        }
    }

    @Test
    void sourceDescribesTheArchitecture() {
        String tau = TorchScriptWriter.velocityField(
                        new MlpSpec(3, new int[] {4}, 2, Activation.SILU),
                        TimeInput.TAU,
                        parametersFor(new MlpSpec(3, new int[] {4}, 2, Activation.SILU)))
                .source();
        assertTrue(tau.contains("def forward(self: __torch__.fdc.MlpVelocity,"), tau);
        assertTrue(tau.contains("torch.rsub(t0, 1)"), tau);
        assertTrue(tau.contains("torch.silu("), tau);
        MlpSpec r = new MlpSpec(2, new int[] {4}, 1, Activation.TANH);
        String reward = TorchScriptWriter.reward(r, parametersFor(r)).source();
        assertTrue(reward.contains("torch.reshape(h2, [-1])"), reward);
    }

    @Test
    void parametersAreChecked() {
        Map<String, float[]> missing = parameters();
        missing.remove("2.weight");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TorchScriptWriter.velocityField(SPEC, TimeInput.T, missing));
        assertTrue(e.getMessage().contains("2.weight is missing"), e.getMessage());

        Map<String, float[]> wrong = parameters();
        wrong.put("0.bias", new float[5]);
        e = assertThrows(
                IllegalArgumentException.class, () -> TorchScriptWriter.velocityField(SPEC, TimeInput.T, wrong));
        assertTrue(e.getMessage().contains("0.bias has 5 values, expected 4"), e.getMessage());

        Map<String, float[]> extra = parameters();
        extra.put("4.weight", new float[1]);
        e = assertThrows(
                IllegalArgumentException.class, () -> TorchScriptWriter.velocityField(SPEC, TimeInput.T, extra));
        assertTrue(e.getMessage().contains("[4.weight]"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> TorchScriptWriter.reward(SPEC, parameters()));
        assertTrue(e.getMessage().contains("1 output"), e.getMessage());
    }

    private static Map<String, float[]> parametersFor(MlpSpec spec) {
        Map<String, float[]> p = new LinkedHashMap<>();
        TorchScriptWriter.parameterShapes(spec)
                .forEach((k, s) -> p.put(k, new float[(int) (s.length == 2 ? s[0] * s[1] : s[0])]));
        return p;
    }

    /** Offset of an entry's data: after its local header (30 bytes), name and extra field. */
    private static int dataOffset(byte[] zip, String name) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (b.getInt(pos) == 0x04034b50) {
            int size = b.getInt(pos + 18);
            int nameLength = b.getShort(pos + 26) & 0xffff;
            int extraLength = b.getShort(pos + 28) & 0xffff;
            String n = new String(zip, pos + 30, nameLength, StandardCharsets.UTF_8);
            int data = pos + 30 + nameLength + extraLength;
            if (n.equals(name)) {
                return data;
            }
            pos = data + size;
        }
        throw new AssertionError("no local header for " + name);
    }
}
