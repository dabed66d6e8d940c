package io.lemonadeoutbox.infra;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Testcontainers' own stop() removes the container with its data, and a plain docker restart would
 * publish a new random host port. So: one fixed host port chosen at first start, and docker stop/start
 * of the same container, which keeps its file system.
 */
final class DockerContainers {

    private DockerContainers() {
    }

    static Consumer<CreateContainerCmd> publish(int containerPort, int hostPort) {
        return command -> command.getHostConfig()
                .withPortBindings(new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(containerPort)));
    }

    static void stopKeepingData(GenericContainer<?> container) {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
    }

    static void startAgain(GenericContainer<?> container) {
        DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
    }
}
