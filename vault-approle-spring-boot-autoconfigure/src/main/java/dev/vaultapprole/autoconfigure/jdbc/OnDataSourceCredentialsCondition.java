package dev.vaultapprole.autoconfigure.jdbc;

import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when a DataSource is to get credentials from Vault:
 * {@code vault.approle.database.role} (or {@code static-role}) is set and not
 * {@code false}, or {@code vault.approle.databases} names a bean.
 */
class OnDataSourceCredentialsCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Vault database credentials");
		if (DataSourceCredentialsTargets.hasDefaultRole(context.getEnvironment())) {
			return ConditionOutcome.match(message.foundExactly("a role in vault.approle.database"));
		}
		Set<String> named = DataSourceCredentialsTargets.namedDataSources(context.getEnvironment());
		if (!named.isEmpty()) {
			return ConditionOutcome.match(message.found("vault.approle.databases entry", "vault.approle.databases entries")
				.items(named));
		}
		return ConditionOutcome.noMatch(message.didNotFind("property")
			.items("vault.approle.database.role", "vault.approle.database.static-role", "vault.approle.databases"));
	}

	/**
	 * Matches when {@code vault.approle.database} names a role for the auto-configured
	 * DataSource.
	 */
	static class OnDefaultDataSource extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Vault credentials for 'dataSource'");
			if (DataSourceCredentialsTargets.hasDefaultRole(context.getEnvironment())) {
				return ConditionOutcome.match(message.foundExactly("a role in vault.approle.database"));
			}
			return ConditionOutcome.noMatch(message.didNotFind("property")
				.items("vault.approle.database.role", "vault.approle.database.static-role"));
		}

	}

}
