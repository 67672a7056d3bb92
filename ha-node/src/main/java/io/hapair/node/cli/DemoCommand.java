package io.hapair.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hanode demo}: a local pair behind an embedded ILB simulator. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start a local demo pair behind an ILB simulator.")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("demo arrives with the ILB simulator");
    }
}
