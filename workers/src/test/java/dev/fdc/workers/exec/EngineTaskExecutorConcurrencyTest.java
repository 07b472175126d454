package dev.fdc.workers.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.ModelKind;
import dev.fdc.protocol.v1.ModelSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Two engines in two threads of one JVM compute exactly what one engine alone computes, bit for
 * bit, over many tasks (Adjoint Matching on an MLP velocity field and on a VP noise predictor,
 * and critic training with a double backward pass), while a third thread churns direct memory
 * and forces garbage collections (what Pekko, protobuf and a second worker do in a real run).
 *
 * <p>This is the regression test of the two-worker gradient race. DJL builds every array made from
 * Java values, and every scalar operand of {@code mul(Number)}/{@code div(Number)}, over a direct
 * buffer without copying ({@code from_blob}) and lets the JVM free that buffer when the array is
 * closed. The AM loss closed its per-row σ column and its 1/m scalar right after the forward
 * pass, so autograd's saved copies pointed at freed memory that the next direct allocation of
 * any thread reused: the loss stayed right, the gradient read another thread's data. It failed
 * here within the first 60 tasks before {@code OwnedArrays}/{@code Scalars}.
 */
class EngineTaskExecutorConcurrencyTest {

    private static final int ROUNDS = 60;

    static final ModelSpec VP_MODEL = ModelSpec.newBuilder()
            .setKind(ModelKind.MODEL_KIND_VP_EPS)
            .setDim(ExecutorFixtures.DIM)
            .setArchitecture(MlpArchitecture.newBuilder()
                    .setInputDim(ExecutorFixtures.DIM + 1)
                    .addHidden(16)
                    .addHidden(16)
                    .setOutputDim(ExecutorFixtures.DIM)
                    .setActivation("relu"))
            .setVpBetaMin(0.1)
            .setVpBetaMax(12)
            .setDdpmTable(true)
            .build();

    /** One round of work: an AM task on each model and a GELU critic. */
    private static List<float[]> round(EngineTaskExecutor mlp, EngineTaskExecutor vp, int i) throws TaskFailure {
        AdjointMatchingTask am = ExecutorFixtures.amTask(1 + i).toBuilder()
                .setBatchSize(16)
                .setGridSteps(12)
                .setTimeSubsetSize(8)
                .build();
        CriticTask critic = EngineTaskExecutorCriticTest.task().toBuilder()
                .setSeed(i)
                .setSteps(4)
                .setCritic(MlpArchitecture.newBuilder()
                        .setInputDim(2)
                        .addHidden(16)
                        .setOutputDim(1)
                        .setActivation("gelu"))
                .build();
        return List.of(
                mlp.adjointMatching(am).gradient(),
                vp.adjointMatching(am).gradient(),
                mlp.critic(critic).parameters());
    }

    private static List<float[]> run() throws TaskFailure {
        TestingContentSource content = new TestingContentSource()
                .put("p", EngineTaskExecutorCriticTest.gaussian(64, 2.0, 1))
                .put("pre", EngineTaskExecutorCriticTest.gaussian(64, 0.0, 2));
        List<float[]> out = new ArrayList<>();
        try (EngineTaskExecutor mlp = EngineTaskExecutor.builder()
                        .setParameters(ExecutorFixtures.source())
                        .setContent(content)
                        .setModel(ExecutorFixtures.MODEL)
                        .build();
                EngineTaskExecutor vp = EngineTaskExecutor.builder()
                        .setParameters(ExecutorFixtures.source())
                        .setContent(content)
                        .setModel(VP_MODEL)
                        .build()) {
            for (int i = 0; i < ROUNDS; i++) {
                out.addAll(round(mlp, vp, i));
            }
        }
        return out;
    }

    @Test
    void twoEnginesInTwoThreadsMatchOneEngineAloneBitForBit() throws Exception {
        List<float[]> alone = run();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<Long> churn = threads.submit(() -> {
                long allocations = 0;
                while (running.get()) {
                    ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024);
                    for (int j = 0; j < b.capacity(); j += 8) {
                        b.putLong(j, 0x7F7F7F7F7F7F7F7FL); // huge floats, should freed memory be read
                    }
                    if (++allocations % 64 == 0) {
                        System.gc();
                    }
                }
                return allocations;
            });
            List<Future<List<float[]>>> engines = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                engines.add(threads.submit(EngineTaskExecutorConcurrencyTest::run));
            }
            for (int w = 0; w < 2; w++) {
                List<float[]> got = engines.get(w).get();
                assertEquals(alone.size(), got.size());
                for (int i = 0; i < alone.size(); i++) {
                    assertArrayEquals(
                            alone.get(i),
                            got.get(i),
                            "engine " + w + ", round " + i / 3 + ", "
                                    + List.of("AM on the MLP", "AM on the VP model", "critic")
                                            .get(i % 3));
                }
            }
            running.set(false);
            System.out.println("churn thread made " + churn.get() + " direct allocations");
        } finally {
            running.set(false);
            threads.shutdownNow();
        }
    }
}
