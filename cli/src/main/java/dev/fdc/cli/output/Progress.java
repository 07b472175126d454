package dev.fdc.cli.output;

import java.io.Closeable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of long work: a progress bar on stderr when stderr is a terminal, otherwise an INFO log
 * line about every 5 % (and at the end).
 */
public final class Progress implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final long logEvery;
    private long lastLogged;

    private Progress(String task, long total, boolean terminal) {
        this.task = task;
        this.total = total;
        this.logEvery = Math.max(1, total / 20);
        this.bar = terminal
                ? new ProgressBarBuilder()
                        .setTaskName(task)
                        .setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err))
                        .setUpdateIntervalMillis(250)
                        .build()
                : null;
    }

    /** A bar if a console is attached (and {@code fdc.progress} is not "log"), log lines otherwise. */
    public static Progress start(String task, long total) {
        boolean terminal = System.console() != null && !"log".equals(System.getProperty("fdc.progress"));
        return new Progress(task, total, terminal);
    }

    /** Sets the current position and a short status text (e.g. "loss 0.532"). */
    public void update(long done, String status) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(status);
        } else if (done - lastLogged >= logEvery || done == total) {
            lastLogged = done;
            LOG.info("{}: {}/{} {}", task, done, total, status);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
