package io.synclane.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's headless Chromium and its WebDriver ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}, or
 * {@code SYNCLANE_CHROMIUM} / {@code SYNCLANE_CHROMEDRIVER}), which {@code deploy/chromium} installs when missing:
 * what the dashboard's browser tests drive. Nothing is downloaded at test time.
 */
public record LocalChromium(Path browser, Path driver) {
    /** Runs {@code deploy/chromium install} when either binary is missing; fails with its output if it cannot. */
    public static LocalChromium ensure(Path repository) throws IOException, InterruptedException {
        LocalChromium chromium = configured();
        if (chromium.present()) {
            return chromium;
        }
        Process install = new ProcessBuilder(repository.resolve("deploy/chromium").toString(), "install")
                .directory(repository.toFile()).redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (install.waitFor() != 0 || !chromium.present()) {
            throw new IllegalStateException("deploy/chromium install failed:\n" + output);
        }
        return chromium;
    }

    /** Where the binaries are expected, whether or not they are there. */
    public static LocalChromium configured() {
        return new LocalChromium(Path.of(System.getenv().getOrDefault("SYNCLANE_CHROMIUM", "/usr/bin/chromium")),
                Path.of(System.getenv().getOrDefault("SYNCLANE_CHROMEDRIVER", "/usr/bin/chromedriver")));
    }

    public boolean present() {
        return Files.isExecutable(browser) && Files.isExecutable(driver);
    }
}
