package dev.fdc.tests.actors;

import com.google.protobuf.Message;
import java.lang.reflect.RecordComponent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The unreliable network of the loss tests: wraps actors and drops each incoming cross-node
 * protocol message (the records of {@code dev.fdc.protocol.message}) with probability {@code p}.
 * Whether the n-th arrival of a message at a receiver is dropped is a pure function of (seed,
 * receiver, the message's content without its reply addresses, n): the same seed drops the same
 * messages whatever the threads do, so a printed seed reproduces the drop pattern. Internal
 * messages, timers and signals pass.
 */
final class LossyNetwork {

    /** Record components that hold actor addresses, which differ from run to run. */
    private static final Set<String> ADDRESSES = Set.of("worker", "replyTo", "coordinator", "parameterStore");

    private final long seed;
    private final double p;
    private final ConcurrentHashMap<String, AtomicLong> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong passed = new AtomicLong();

    LossyNetwork(long seed, double p) {
        this.seed = seed;
        this.p = p;
    }

    long dropped() {
        return dropped.get();
    }

    long passed() {
        return passed.get();
    }

    /** {@code behavior} behind this network, as receiver {@code name}. */
    <T> Behavior<T> wrap(String name, Class<T> type, Behavior<T> behavior) {
        return Behaviors.intercept(
                () -> new BehaviorInterceptor<T, T>(type) {
                    @Override
                    public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
                        Class<?> outer = msg.getClass().getEnclosingClass();
                        if (outer != null && outer.getPackageName().equals("dev.fdc.protocol.message")) {
                            if (drop(name, msg)) {
                                dropped.incrementAndGet();
                                return Behaviors.same();
                            }
                            passed.incrementAndGet();
                        }
                        return target.apply(ctx, msg);
                    }
                },
                behavior);
    }

    private boolean drop(String receiver, Object msg) {
        String identity = receiver + "|" + identity(msg);
        long n = arrivals.computeIfAbsent(identity, k -> new AtomicLong()).incrementAndGet();
        long h = mix(seed ^ mix(identity.hashCode()) ^ mix(n * 0x9E3779B97F4A7C15L));
        return (h >>> 11) * 0x1.0p-53 < p;
    }

    /** The message's type and content, reply addresses left out. */
    private static String identity(Object msg) {
        StringBuilder b = new StringBuilder(msg.getClass().getSimpleName());
        for (RecordComponent c : msg.getClass().getRecordComponents()) {
            if (ADDRESSES.contains(c.getName())) {
                continue;
            }
            try {
                Object v = c.getAccessor().invoke(msg);
                b.append('|').append(v instanceof Message m ? java.util.Arrays.hashCode(m.toByteArray()) : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.toString();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
