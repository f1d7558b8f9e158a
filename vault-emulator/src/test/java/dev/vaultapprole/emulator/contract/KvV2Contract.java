package dev.vaultapprole.emulator.contract;

/**
 * Contract of Vault's KvV2 behaviour, written from VAULT-API.md. (Filled in by its subsystem work.)
 */
public abstract class KvV2Contract extends ContractSupport {

}
