package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.infra.SharedInfrastructure;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(LemonadeStackExtension.class)}: one {@link RunningStack} per test class on the JVM's shared
 * PostgreSQL and Kafka, injected as a parameter and stopped after the class. A static {@code @RegisterExtension}
 * field made with {@link #LemonadeStackExtension(Supplier)} starts lemonade-app with settings added.
 */
public final class LemonadeStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningStack.class);

    private final Supplier<List<String>> extraLemonadeAppArgs;
    private final Supplier<List<String>> extraThankyouServiceArgs;

    public LemonadeStackExtension() {
        this(List::of);
    }

    /** {@code extraLemonadeAppArgs} is asked when the class starts, as {@link RunningStack#start} takes them. */
    public LemonadeStackExtension(Supplier<List<String>> extraLemonadeAppArgs) {
        this(extraLemonadeAppArgs, List::of);
    }

    /** As {@link #LemonadeStackExtension(Supplier)}, with settings added to every thankyou-service instance too. */
    public LemonadeStackExtension(Supplier<List<String>> extraLemonadeAppArgs,
                                  Supplier<List<String>> extraThankyouServiceArgs) {
        this.extraLemonadeAppArgs = extraLemonadeAppArgs;
        this.extraThankyouServiceArgs = extraThankyouServiceArgs;
    }

    @Override
    public void beforeAll(ExtensionContext classContext) {
        classContext.getStore(NAMESPACE).getOrComputeIfAbsent(ClosingStack.class,
                key -> new ClosingStack(RunningStack.start(SharedInfrastructure.get(),
                        extraLemonadeAppArgs.get(), extraThankyouServiceArgs.get())),
                ClosingStack.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningStack.class;
    }

    /** Method contexts see the class context's store, where {@link #beforeAll} put the stack. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(ClosingStack.class, ClosingStack.class).stack();
    }

    /** JUnit closes store values of this type when the class's context ends. */
    private record ClosingStack(RunningStack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
        }
    }
}
