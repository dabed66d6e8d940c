package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.testkit.services.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The campaign exactly as a user runs it: {@code java -jar lemonade-stack/target/lemonade-stack.jar campaign ...}. */
record CampaignRun(int exitCode, String report, Path reportDirectory) {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    static CampaignRun of(String name, String... options) throws IOException, InterruptedException {
        Path root = ProjectLayout.detect().root();
        Path jar = root.resolve("lemonade-stack/target/lemonade-stack.jar");
        Path reports = root.resolve("lemonade-stack/target/campaign-it").resolve(name);
        Files.createDirectories(reports);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dlemonade.home=" + root, "-jar", jar.toString(), "campaign"));
        command.addAll(List.of(options));
        command.addAll(List.of("--report-dir", reports.toString()));
        System.out.println("running " + String.join(" ", command));
        Process campaign = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(reports.resolve("console.log").toFile()).start();
        if (!campaign.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            campaign.descendants().forEach(ProcessHandle::destroyForcibly);
            campaign.destroyForcibly();
            throw new AssertionError("the campaign did not end within " + TIMEOUT + "; see " + reports);
        }
        Path report = reports.resolve(CampaignReport.TEXT_FILE);
        String text = Files.exists(report) ? Files.readString(report)
                : "(no report; its console:)\n" + Files.readString(reports.resolve("console.log"));
        System.out.println(text);
        return new CampaignRun(campaign.exitValue(), text, reports);
    }
}
