package dev.firebreak.sim.manifest;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a container image's code is on this machine: {@code <registry>/firebreak/<service>:<tag>}
 * is {@code <service>/target/quarkus-app/quarkus-run.jar} of this checkout.
 */
public final class LocalImages {

    private final Path projectRoot;

    public LocalImages(Path projectRoot) {
        this.projectRoot = projectRoot;
    }

    /** The service an image is built from, e.g. {@code payment-svc}. */
    public static String serviceOf(String image) {
        String withoutTag = image.contains("@") ? image.substring(0, image.indexOf('@'))
                : image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(0, image.lastIndexOf(':')) : image;
        return withoutTag.substring(withoutTag.lastIndexOf('/') + 1);
    }

    /** The runnable jar for {@code image}; fails with the command that builds it when it is missing. */
    public Path jarFor(String image) {
        String service = serviceOf(image);
        if (!Files.isDirectory(projectRoot.resolve(service))) {
            throw new IllegalStateException("Image " + image + " names no module of this project (no directory " + service + "/)");
        }
        Path jar = projectRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Image " + image + " is not built: run ./mvnw -B package -DskipTests -pl " + service + " -am");
        }
        return jar;
    }
}
