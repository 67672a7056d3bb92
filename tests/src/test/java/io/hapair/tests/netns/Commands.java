package io.hapair.tests.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Host commands (ip, nft, kill) run to completion, with their error output in the exception when they fail. */
public final class Commands {

    private static final long TIMEOUT_SECONDS = 30;

    /** What a finished command left. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Commands() {
    }

    /** Runs {@code command}; throws, naming it and quoting its error output, unless it exits 0. */
    public static String run(String... command) {
        return runWithInput("", command);
    }

    /** As {@link #run}, with {@code input} on the command's standard input (an nft script). */
    public static String runWithInput(String input, String... command) {
        Result r = attempt(input, command);
        if (!r.ok()) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` exited with " + r.exitCode() + ": "
                    + r.stderr().strip() + (input.isEmpty() ? "" : "\ninput was:\n" + input));
        }
        return r.stdout();
    }

    /** Runs {@code command} and returns how it ended, failed or not (for clean-up of what may not exist). */
    public static Result attempt(String input, String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).start();
            // Both streams are read while the command runs: a full pipe would block it.
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish within "
                        + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + command[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
