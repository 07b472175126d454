package dev.fdc.tests.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fdc.coordinator.actor.CoordinatorSettings;
import dev.fdc.protocol.v1.DeviceInfo;
import dev.fdc.protocol.v1.DeviceKind;
import dev.fdc.workers.actor.WorkerSettings;
import java.time.Duration;

/** Config and settings shared by the actor tests: fast timeouts, every message serialized. */
final class ActorTestSupport {

    private ActorTestSupport() {}

    static Config config() {
        return ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.actor.provider = local
                pekko.actor.serialize-messages = on
                pekko.actor.testkit.typed.single-expect-default = 5s
                fdc.actors.worker { tick = 50ms, retry-after = 300ms }
                fdc.actors.coordinator { tick = 50ms, join-retry = 300ms, chunk-set-timeout = 5s }
                """).withFallback(ConfigFactory.load());
    }

    static WorkerSettings workerSettings() {
        return WorkerSettings.fromConfig(config().getConfig("fdc.actors.worker"));
    }

    static CoordinatorSettings coordinatorSettings() {
        return CoordinatorSettings.fromConfig(config().getConfig("fdc.actors.coordinator"));
    }

    static DeviceInfo cpu() {
        return DeviceInfo.newBuilder()
                .setKind(DeviceKind.DEVICE_KIND_CPU)
                .setName("cpu")
                .build();
    }

    static Duration runTimeout() {
        return Duration.ofSeconds(60);
    }
}
