package io.lemonadeoutbox.testkit.services;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are: the root is {@code -Dlemonade.home}, else the working directory (or its parent). */
public record ProjectLayout(Path root) {

    public static final String BUILD_COMMAND = "./mvnw -q package -DskipTests";
    public static final String STACK_JAR = "lemonade-stack/target/lemonade-stack.jar";

    /** How a user types a command: {@code java -jar lemonade-stack/target/lemonade-stack.jar audit}. */
    public static String invocation(String command) {
        return "java -jar " + STACK_JAR + " " + command;
    }

    public static ProjectLayout detect() {
        String home = System.getProperty("lemonade.home");
        if (home != null && !home.isBlank()) {
            return new ProjectLayout(Path.of(home).toAbsolutePath().normalize());
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        boolean insideAModule = !Files.isDirectory(workingDirectory.resolve("lemonade-app"))
                && workingDirectory.getParent() != null
                && Files.isDirectory(workingDirectory.getParent().resolve("lemonade-app"));
        return new ProjectLayout(insideAModule ? workingDirectory.getParent() : workingDirectory);
    }

    public Path lemonadeAppJar() {
        return existingJar("lemonade-app");
    }

    public Path thankyouServiceJar() {
        return existingJar("thankyou-service");
    }

    public Path localStackData() {
        return root.resolve(".local-stack");
    }

    private Path existingJar(String module) {
        Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new MissingJarException(jar, root);
        }
        return jar;
    }

    public static final class MissingJarException extends IllegalStateException {
        MissingJarException(Path jar, Path root) {
            super(jar + " is missing. Build it first, in " + root + ":  " + BUILD_COMMAND
                    + "   (or run from the project root, or pass -Dlemonade.home=<project root>)");
        }
    }
}
