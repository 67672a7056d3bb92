# What each node reads with its VM's system-assigned managed identity, and nothing more: the pair's
# secrets (Key Vault Secrets User on this vault), its own balancer for the self-check (a read-only
# custom role on the network parts) and the witness lease (Storage Blob Data Contributor on the
# witness container).

data "azurerm_client_config" "current" {}

resource "azurerm_key_vault" "pair" {
  name                       = var.key_vault_name
  location                   = var.location
  resource_group_name        = var.resource_group_name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  enable_rbac_authorization  = true
  soft_delete_retention_days = 7
  tags                       = var.tags
}

# Terraform writes the secrets through the vault's data plane, so whoever applies needs to.
resource "azurerm_role_assignment" "deployer_secrets" {
  scope                = azurerm_key_vault.pair.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_key_vault_secret" "pairing_secret" {
  name         = "pairing-secret"
  value        = var.pairing_secret
  key_vault_id = azurerm_key_vault.pair.id
  depends_on   = [azurerm_role_assignment.deployer_secrets]
}

resource "azurerm_key_vault_secret" "admin_password" {
  name         = "admin-password"
  value        = var.admin_password
  key_vault_id = azurerm_key_vault.pair.id
  depends_on   = [azurerm_role_assignment.deployer_secrets]
}

resource "azurerm_role_assignment" "node_secrets" {
  for_each             = local.nodes
  scope                = azurerm_key_vault.pair.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_linux_virtual_machine.node[each.key].identity[0].principal_id
  principal_type       = "ServicePrincipal"
}

# The node's balancer self-check reads what `hanode cloud diagnose` reads: the balancer, the NICs,
# the NSGs and the subnets; no write, nothing else.
resource "azurerm_role_definition" "balancer_reader" {
  name        = "${local.name_prefix}balancer-reader-${var.resource_group_name}"
  scope       = local.resource_group_id
  description = "Reads the ha-pair's balancer, NICs, NSGs and subnets for the nodes' balancer self-check."
  permissions {
    actions = [
      "Microsoft.Network/loadBalancers/read",
      "Microsoft.Network/networkInterfaces/read",
      "Microsoft.Network/networkSecurityGroups/read",
      "Microsoft.Network/virtualNetworks/subnets/read",
    ]
  }
  assignable_scopes = [local.resource_group_id]
}

resource "azurerm_role_assignment" "node_balancer_reader" {
  for_each           = local.nodes
  scope              = local.resource_group_id
  role_definition_id = azurerm_role_definition.balancer_reader.role_definition_resource_id
  principal_id       = azurerm_linux_virtual_machine.node[each.key].identity[0].principal_id
  principal_type     = "ServicePrincipal"
}

resource "azurerm_storage_account" "witness" {
  name                            = var.witness_storage_account_name
  location                        = var.location
  resource_group_name             = var.resource_group_name
  account_tier                    = "Standard"
  account_replication_type        = local.use_zones ? "ZRS" : "LRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  tags                            = var.tags
}

resource "azurerm_storage_container" "witness" {
  name                  = local.witness_container
  storage_account_id    = azurerm_storage_account.witness.id
  container_access_type = "private"
}

resource "azurerm_role_assignment" "node_witness" {
  for_each             = local.nodes
  scope                = azurerm_storage_container.witness.resource_manager_id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_linux_virtual_machine.node[each.key].identity[0].principal_id
  principal_type       = "ServicePrincipal"
}
