package dev.vaultapprole.autoconfigure.jdbc;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code vault.approle.database.role} is set and not {@code false}, as
 * {@code @ConditionalOnProperty} would. It reads the property as configuration properties
 * are bound, so a placeholder nothing resolves is left as it is for the configuration to
 * report, rather than failing the condition with a message that names no property.
 */
class OnDatabaseRoleCondition extends SpringBootCondition {

	private static final String ROLE = "vault.approle.database.role";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition(ROLE);
		String role = Binder.get(context.getEnvironment()).bind(ROLE, String.class).orElse(null);
		if (role == null) {
			return ConditionOutcome.noMatch(message.didNotFind("property").items(ROLE));
		}
		if ("false".equalsIgnoreCase(role)) {
			return ConditionOutcome.noMatch(message.because("it is false"));
		}
		return ConditionOutcome.match(message.foundExactly("property " + ROLE));
	}

}
