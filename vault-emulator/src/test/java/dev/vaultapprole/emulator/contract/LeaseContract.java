package dev.vaultapprole.emulator.contract;

/**
 * Contract of Vault's Lease behaviour, written from VAULT-API.md. (Filled in by its subsystem work.)
 */
public abstract class LeaseContract extends ContractSupport {

}
