package dev.fdc.tests.actors;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The unreliable network of the loss tests: wraps an actor and drops each incoming cross-node
 * protocol message (the records of {@code dev.fdc.protocol.message}) with probability {@code p},
 * from one seeded random shared by all wrapped actors. Internal messages, timers and signals pass.
 */
final class DroppingInterceptor<T> extends BehaviorInterceptor<T, T> {

    private final Random random;
    private final double p;
    private final AtomicLong dropped;
    private final AtomicLong passed;

    private DroppingInterceptor(Class<T> type, Random random, double p, AtomicLong dropped, AtomicLong passed) {
        super(type);
        this.random = random;
        this.p = p;
        this.dropped = dropped;
        this.passed = passed;
    }

    /** The network: one random, shared counters. */
    record Network(Random random, double p, AtomicLong dropped, AtomicLong passed) {

        static Network of(long seed, double p) {
            return new Network(new Random(seed), p, new AtomicLong(), new AtomicLong());
        }

        <T> Behavior<T> wrap(Class<T> type, Behavior<T> behavior) {
            return Behaviors.intercept(() -> new DroppingInterceptor<>(type, random, p, dropped, passed), behavior);
        }
    }

    @Override
    public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
        Class<?> outer = msg.getClass().getEnclosingClass();
        boolean protocol = outer != null && outer.getPackageName().equals("dev.fdc.protocol.message");
        if (protocol) {
            boolean drop;
            synchronized (random) {
                drop = random.nextDouble() < p;
            }
            if (drop) {
                dropped.incrementAndGet();
                return Behaviors.same();
            }
            passed.incrementAndGet();
        }
        return target.apply(ctx, msg);
    }
}
