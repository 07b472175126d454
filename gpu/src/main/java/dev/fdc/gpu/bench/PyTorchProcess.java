package dev.fdc.gpu.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch eager twin of fdc's benchmark ({@code pytorch_am_bench.py}, a resource of this
 * package) running in a Python child process that answers one command at a time, so fdc and
 * PyTorch take turns on the machine. Commands and replies are single lines ({@code fwd}, {@code
 * fwdbwd}, {@code iter}, {@code check IN OUT}; {@code ok v1 v2 …} or {@code error: …}).
 */
public final class PyTorchProcess implements AutoCloseable {

    /** The script's resource name, next to this class. */
    public static final String SCRIPT = "pytorch_am_bench.py";

    private static final String[] CANDIDATES = {"/usr/bin/python3", "python3"};

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Path dir;
    private final Path stderr;
    private final String info;

    private PyTorchProcess(Process process, Path dir) throws IOException {
        this.process = process;
        this.dir = dir;
        this.stderr = dir.resolve("stderr.txt");
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null || !first.startsWith("ready ")) {
            String why = first == null ? "it exited" : first;
            close();
            throw new IOException("the PyTorch comparator did not start (" + why + ")" + stderrTail());
        }
        this.info = first.substring("ready ".length());
    }

    /**
     * The first interpreter that imports torch and numpy: {@code explicit} when given (else an
     * empty result), otherwise {@code FDC_PYTHON}, then {@code /usr/bin/python3}, then {@code
     * python3} on the PATH (which may be a Python without torch, e.g. a pyenv shim).
     */
    public static Optional<String> findPython(String explicit) {
        List<String> candidates = new ArrayList<>();
        if (explicit != null) {
            candidates.add(explicit);
        } else {
            String env = System.getenv("FDC_PYTHON");
            if (env != null && !env.isBlank()) {
                candidates.add(env);
            }
            candidates.addAll(List.of(CANDIDATES));
        }
        for (String c : candidates) {
            if (importsTorch(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** A sentence saying how to get a Python with torch, for the message printed when there is none. */
    public static String howToInstall() {
        return "no python3 that imports torch and numpy was found (tried $FDC_PYTHON, /usr/bin/python3, python3); "
                + "on Debian: apt-get install -y python3-torch python3-numpy libopenblas0-openmp";
    }

    /**
     * Starts the script in serve mode with {@code args} (its command-line flags). The child gets
     * {@code OMP_WAIT_POLICY=PASSIVE} and {@code OMP_NUM_THREADS = threads}, and neither fdc's
     * {@code LD_PRELOAD} nor, unless {@code sameMalloc}, its {@code GLIBC_TUNABLES}: PyTorch runs as
     * its users run it.
     */
    public static PyTorchProcess start(String python, List<String> args, int threads, boolean sameMalloc)
            throws IOException {
        Path dir = Files.createTempDirectory("fdc-pytorch-");
        Path script = dir.resolve(SCRIPT);
        try (InputStream s = PyTorchProcess.class.getResourceAsStream(SCRIPT)) {
            if (s == null) {
                throw new IOException("resource " + SCRIPT + " is missing from the fdc-gpu jar");
            }
            Files.copy(s, script);
        }
        List<String> cmd = new ArrayList<>(List.of(python, "-u", script.toString(), "--serve"));
        cmd.addAll(args);
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile());
        Map<String, String> env = pb.environment();
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        env.put("OMP_NUM_THREADS", String.valueOf(threads));
        env.remove("LD_PRELOAD");
        if (!sameMalloc) {
            env.remove("GLIBC_TUNABLES");
        }
        return new PyTorchProcess(pb.start(), dir);
    }

    /** The script's start-up report (JSON: torch version, threads, BLAS, device, dtype). */
    public String info() {
        return info;
    }

    /** Sends one command and returns the numbers of its {@code ok} reply. */
    public double[] call(String command) throws IOException {
        in.write(command);
        in.newLine();
        in.flush();
        String reply = out.readLine();
        if (reply == null) {
            throw new IOException("the PyTorch comparator exited during '" + command + "'" + stderrTail());
        }
        if (!reply.startsWith("ok")) {
            throw new IOException("the PyTorch comparator failed '" + command + "': " + reply + stderrTail());
        }
        String rest = reply.substring(2).trim();
        if (rest.isEmpty()) {
            return new double[0];
        }
        String[] f = rest.split(" ");
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = Double.parseDouble(f[i]);
        }
        return v;
    }

    @Override
    public void close() {
        try {
            in.write("quit");
            in.newLine();
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }

    /** A fresh file name in this process's temporary directory (for check inputs and outputs). */
    public Path tempFile(String name) {
        return dir.resolve(name);
    }

    private String stderrTail() {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return "";
            }
            return "; its stderr ends with:\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean importsTorch(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
