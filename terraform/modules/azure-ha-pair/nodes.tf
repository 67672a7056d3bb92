# The two nodes: a NIC each (in the pool, bound to its own NAT rules, behind the NSG) and a VM whose
# cloud-init installs and configures the node (terraform/cloud-init/hanode.cloud-init.tftpl).

resource "azurerm_availability_set" "pair" {
  count                        = local.use_zones ? 0 : 1
  name                         = var.availability_set_name
  location                     = var.location
  resource_group_name          = var.resource_group_name
  platform_fault_domain_count  = 2
  platform_update_domain_count = 5
  managed                      = true
  tags                         = var.tags
}

resource "azurerm_network_interface" "node" {
  for_each                       = local.nodes
  name                           = "${each.value.name}-nic"
  location                       = var.location
  resource_group_name            = var.resource_group_name
  accelerated_networking_enabled = var.accelerated_networking_enabled
  tags                           = var.tags

  ip_configuration {
    name                          = local.ip_configuration_name
    primary                       = true
    subnet_id                     = local.subnet_id
    private_ip_address_allocation = "Static"
    private_ip_address            = each.value.address
  }
}

resource "azurerm_network_interface_security_group_association" "node" {
  for_each                  = local.nodes
  network_interface_id      = azurerm_network_interface.node[each.key].id
  network_security_group_id = azurerm_network_security_group.pair.id
}

resource "azurerm_network_interface_backend_address_pool_association" "node" {
  for_each                = local.nodes
  network_interface_id    = azurerm_network_interface.node[each.key].id
  ip_configuration_name   = local.ip_configuration_name
  backend_address_pool_id = azurerm_lb_backend_address_pool.pair.id
}

resource "azurerm_network_interface_nat_rule_association" "management" {
  for_each              = local.nat_rules_by_name
  network_interface_id  = azurerm_network_interface.node[each.value.node].id
  ip_configuration_name = local.ip_configuration_name
  nat_rule_id           = azurerm_lb_nat_rule.management[each.key].id
}

resource "azurerm_linux_virtual_machine" "node" {
  for_each                        = local.nodes
  name                            = each.value.name
  location                        = var.location
  resource_group_name             = var.resource_group_name
  size                            = var.vm_size
  admin_username                  = var.admin_username
  disable_password_authentication = true
  network_interface_ids           = [azurerm_network_interface.node[each.key].id]
  zone                            = local.use_zones ? each.value.zone : null
  availability_set_id             = local.use_zones ? null : azurerm_availability_set.pair[0].id
  tags                            = var.tags

  admin_ssh_key {
    username   = var.admin_username
    public_key = var.admin_ssh_public_key
  }

  # The node reads its secrets, its balancer and the witness with this identity (identity.tf).
  identity {
    type = "SystemAssigned"
  }

  # Values in single quotes in the template get YAML's quote escaping ('').
  # partner_ui_url: the partner's UI as operators reach it, the balancer frontend (the one in the
  # ui_url outputs) on the partner's NAT port; node 1 links to 8442, node 2 to 8441.
  custom_data = base64encode(templatefile("${path.module}/../../cloud-init/hanode.cloud-init.tftpl", {
    node_name         = replace(each.value.name, "'", "''")
    ha_mode           = each.value.mode
    primary_address   = each.value.address
    partner_address   = each.value.partner
    health_check_port = local.health_check_port
    probe_sources     = local.probe_source_address
    peer_port         = local.peer_port
    api_port          = local.api_port
    partner_ui_url    = replace("https://${local.frontend_address}:${local.nodes[each.value.partner_node].api_nat_port}", "'", "''")
    secret_store      = "azure-key-vault"
    secret_location   = local.key_vault_uri
    cloud_region      = ""
    release_url       = var.node_release_url
    release_sha256    = var.node_release_sha256
    cloud_topology    = local.cloud_topology
    extra_config      = local.witness_config
  }))

  os_disk {
    name                 = "${each.value.name}-osdisk"
    caching              = "ReadWrite"
    storage_account_type = "StandardSSD_LRS"
  }

  source_image_reference {
    publisher = "Canonical"
    offer     = "0001-com-ubuntu-server-jammy"
    sku       = "22_04-lts-gen2"
    version   = var.image_version
  }

  # Managed boot diagnostics: the serial log shows cloud-init's progress.
  boot_diagnostics {}

  # First boot downloads packages, the jar and the secrets: outbound access must be in place.
  depends_on = [azurerm_subnet_nat_gateway_association.pair, azurerm_nat_gateway_public_ip_association.pair]

  # Neither a new release URL, secret or frontend nor a newer image replaces a running node: both
  # would go at once. Replace one node at a time instead (README: terraform apply -replace=...).
  lifecycle {
    ignore_changes = [custom_data, source_image_reference]
  }
}
