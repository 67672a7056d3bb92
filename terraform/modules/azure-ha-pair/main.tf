# The cloud side of the pair as PairTopology (cloud-adapters/core) describes it: the deploy tests in
# tests/.../deploy hold every name, port, priority and source here equal to PairTopology's defaults.
# Names carry PairTopology's prefix, so `hanode cloud plan` finds a freshly deployed pair converged.
locals {
  name_prefix               = "hapair-"
  health_check_port         = 8444
  peer_port                 = 6973
  api_port                  = 8443
  ssh_port                  = 22
  probe_interval_seconds    = 5
  probe_unhealthy_threshold = 2
  idle_timeout_minutes      = 4
  first_security_priority   = 1000
  # After every allow of the pair (the adapter's rules end near 1010 plus the published ports) and
  # before Azure's AllowVnetInBound (65000), which would otherwise admit the whole VirtualNetwork tag.
  first_deny_priority = 4000
  probe_source        = "AzureLoadBalancer"
  # The address behind that tag, where the nodes' probe-sources looks for the balancer's probes.
  probe_source_address = "168.63.129.16"

  nodes = {
    node1 = {
      name         = var.primary_node_name
      address      = var.primary_node_address
      partner      = var.secondary_node_address
      partner_node = "node2"
      mode         = "master"
      zone         = "1"
      api_nat_port = 8441
      ssh_nat_port = 221
    }
    node2 = {
      name         = var.secondary_node_name
      address      = var.secondary_node_address
      partner      = var.primary_node_address
      partner_node = "node1"
      mode         = "slave"
      zone         = "2"
      api_nat_port = 8442
      ssh_nat_port = 222
    }
  }
  node_addresses        = [var.primary_node_address, var.secondary_node_address]
  ip_configuration_name = "ipconfig1"
  frontend_name         = "${local.name_prefix}frontend"

  # The health-check rule first (it shows which node is active), then one per published port.
  balanced_ports = concat([{ port = local.health_check_port, protocol = "Tcp" }], var.published_ports)
  balancing_rules = [for p in local.balanced_ports : {
    name     = format("%srule-%s-%d", local.name_prefix, lower(p.protocol), p.port)
    protocol = p.protocol
    port     = p.port
  }]

  nat_rules = [
    { name = "${local.name_prefix}nat-node1-api", node = "node1", frontend_port = local.nodes.node1.api_nat_port, backend_port = local.api_port },
    { name = "${local.name_prefix}nat-node2-api", node = "node2", frontend_port = local.nodes.node2.api_nat_port, backend_port = local.api_port },
    { name = "${local.name_prefix}nat-node1-ssh", node = "node1", frontend_port = local.nodes.node1.ssh_nat_port, backend_port = local.ssh_port },
    { name = "${local.name_prefix}nat-node2-ssh", node = "node2", frontend_port = local.nodes.node2.ssh_nat_port, backend_port = local.ssh_port },
  ]

  # Consecutive priorities: the probe, the peer port between the nodes (TCP for the TLS link, UDP for
  # the heartbeats, so any protocol) and a deny of it from anywhere else, the management ports, then the published ports (adding one shifts no other rule).
  # Azure takes one service tag or address in source, several addresses in sources, never both.
  pair_security_rules = [
    { name = "${local.name_prefix}allow-probe", priority = 1000, access = "Allow", protocol = "Tcp", source = local.probe_source, sources = [], port = local.health_check_port },
    { name = "${local.name_prefix}allow-peer", priority = 1001, access = "Allow", protocol = "*", source = null, sources = local.node_addresses, port = local.peer_port },
    { name = "${local.name_prefix}deny-peer-others", priority = 1002, access = "Deny", protocol = "*", source = "*", sources = [], port = local.peer_port },
  ]
  client_ports = [
    local.api_port, local.nodes.node1.api_nat_port, local.nodes.node2.api_nat_port, local.health_check_port,
    local.ssh_port, local.nodes.node1.ssh_nat_port, local.nodes.node2.ssh_nat_port,
  ]
  client_security_rules = [for i, port in local.client_ports : {
    name     = format("%sallow-tcp-%d", local.name_prefix, port)
    priority = local.first_security_priority + 3 + i
    access   = "Allow"
    protocol = "Tcp"
    source   = var.client_address_prefix
    sources  = var.client_address_prefixes
    port     = port
  }]
  published_security_rules = [for i, p in var.published_ports : {
    name     = format("%sallow-%s-%d", local.name_prefix, lower(p.protocol), p.port)
    priority = local.first_security_priority + 3 + length(local.client_ports) + i
    access   = "Allow"
    protocol = p.protocol
    source   = var.client_address_prefix
    sources  = var.client_address_prefixes
    port     = p.port
  }]
  # The management ports to everyone but the clients allowed above: without these, Azure's
  # AllowVnetInBound admits peered and on-premises ranges whatever client_address_prefixes says.
  # Named outside the adapter's prefix: `hanode cloud apply` keeps them and plans nothing for them.
  deny_security_rules = [for i, port in local.client_ports : {
    name     = format("deny-%sothers-%d", local.name_prefix, port)
    priority = local.first_deny_priority + i
    access   = "Deny"
    protocol = "*"
    source   = "*"
    sources  = []
    port     = port
  }]
  security_rules = concat(local.pair_security_rules, local.client_security_rules, local.published_security_rules,
  local.deny_security_rules)

  # for_each keys by rule name; zipmap rather than a for-object because hcl4j, which the deploy
  # tests parse these files with, drops the body of a for-object expression.
  balancing_rules_by_name = zipmap([for r in local.balancing_rules : r.name], local.balancing_rules)
  nat_rules_by_name       = zipmap([for r in local.nat_rules : r.name], local.nat_rules)

  new_virtual_network = var.virtual_network_new_or_existing == "new"
  public_frontend     = var.public_ip_option == "new"
  use_zones           = var.availability_option == "AvailabilityZones"
  subnet_id           = local.new_virtual_network ? azurerm_subnet.pair[0].id : data.azurerm_subnet.existing[0].id
  frontend_address    = local.public_frontend ? azurerm_public_ip.frontend[0].ip_address : var.load_balancer_frontend_address

  resource_group_id = "/subscriptions/${data.azurerm_client_config.current.subscription_id}/resourceGroups/${var.resource_group_name}"
  # Public Azure's Key Vault and blob endpoints, as the ARM template writes them.
  key_vault_uri     = "https://${var.key_vault_name}.vault.azure.net"
  witness_endpoint  = "https://${var.witness_storage_account_name}.blob.core.windows.net"
  witness_container = "${local.name_prefix}witness"

  # The pair's own balancer as `hanode cloud --topology` reads it (one JSON line, which is YAML):
  # the nodes' self-check diagnoses it with the same names, ports and sources as this module.
  cloud_topology = jsonencode({
    provider       = "azure"
    namePrefix     = local.name_prefix
    node1          = { address = var.primary_node_address }
    node2          = { address = var.secondary_node_address }
    publishedPorts = [for p in var.published_ports : format("%d/%s", p.port, lower(p.protocol))]
    clientSources  = compact(concat([var.client_address_prefix], var.client_address_prefixes))
    azure = {
      subscription         = data.azurerm_client_config.current.subscription_id
      resourceGroup        = var.resource_group_name
      loadBalancer         = var.load_balancer_name
      node1Nic             = "${var.primary_node_name}-nic"
      node2Nic             = "${var.secondary_node_name}-nic"
      networkSecurityGroup = var.network_security_group_name
    }
  })
  # Node configuration lines (6 spaces: the template's indentation) for the witness (identity.tf).
  witness_config = format("      witness: azure-blob\n      witness-endpoints: %s\n      witness-name: %s/pair\n",
  local.witness_endpoint, local.witness_container)
}

resource "azurerm_virtual_network" "pair" {
  count               = local.new_virtual_network ? 1 : 0
  name                = var.virtual_network_name
  location            = var.location
  resource_group_name = var.resource_group_name
  address_space       = [var.virtual_network_address_prefix]
  tags                = var.tags
}

resource "azurerm_subnet" "pair" {
  count                = local.new_virtual_network ? 1 : 0
  name                 = var.subnet_name
  resource_group_name  = var.resource_group_name
  virtual_network_name = azurerm_virtual_network.pair[0].name
  address_prefixes     = [var.subnet_address_prefix]
  # The witness and the vault over Azure's backbone, not through the (zonal) NAT gateway.
  service_endpoints = ["Microsoft.Storage", "Microsoft.KeyVault"]
}

data "azurerm_subnet" "existing" {
  count                = local.new_virtual_network ? 0 : 1
  name                 = var.subnet_name
  virtual_network_name = var.virtual_network_name
  resource_group_name  = coalesce(var.virtual_network_resource_group_name, var.resource_group_name)
}

# VMs behind a Standard balancer get no outbound access of their own; the nodes need it for the JDK
# package and the node jar (Key Vault and the witness go through the subnet's service endpoints).
# With zones its address is zone-redundant; a Standard gateway itself sits in one zone Azure picks.
resource "azurerm_public_ip" "nat" {
  count               = local.new_virtual_network && var.create_nat_gateway ? 1 : 0
  name                = "${local.name_prefix}natgw-pip"
  location            = var.location
  resource_group_name = var.resource_group_name
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = local.use_zones ? ["1", "2", "3"] : null
  tags                = var.tags
}

resource "azurerm_nat_gateway" "pair" {
  count                   = local.new_virtual_network && var.create_nat_gateway ? 1 : 0
  name                    = "${local.name_prefix}natgw"
  location                = var.location
  resource_group_name     = var.resource_group_name
  sku_name                = "Standard"
  idle_timeout_in_minutes = 4
  tags                    = var.tags
}

resource "azurerm_nat_gateway_public_ip_association" "pair" {
  count                = local.new_virtual_network && var.create_nat_gateway ? 1 : 0
  nat_gateway_id       = azurerm_nat_gateway.pair[0].id
  public_ip_address_id = azurerm_public_ip.nat[0].id
}

resource "azurerm_subnet_nat_gateway_association" "pair" {
  count          = local.new_virtual_network && var.create_nat_gateway ? 1 : 0
  subnet_id      = azurerm_subnet.pair[0].id
  nat_gateway_id = azurerm_nat_gateway.pair[0].id
}

resource "azurerm_public_ip" "frontend" {
  count               = local.public_frontend ? 1 : 0
  name                = var.public_ip_name
  location            = var.location
  resource_group_name = var.resource_group_name
  allocation_method   = "Static"
  sku                 = "Standard"
  zones               = local.use_zones ? ["1", "2", "3"] : null
  tags                = var.tags
}

resource "azurerm_lb" "pair" {
  name                = var.load_balancer_name
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = "Standard"
  sku_tier            = "Regional"
  tags                = var.tags

  frontend_ip_configuration {
    name                          = local.frontend_name
    subnet_id                     = local.public_frontend ? null : local.subnet_id
    private_ip_address_allocation = local.public_frontend ? null : "Static"
    private_ip_address            = local.public_frontend ? null : var.load_balancer_frontend_address
    public_ip_address_id          = local.public_frontend ? azurerm_public_ip.frontend[0].id : null
    # A private frontend survives the loss of a zone only when it is zone-redundant.
    zones = local.use_zones && !local.public_frontend ? ["1", "2", "3"] : null
  }
}

resource "azurerm_lb_backend_address_pool" "pair" {
  name            = "${local.name_prefix}pool"
  loadbalancer_id = azurerm_lb.pair.id
}

resource "azurerm_lb_probe" "health" {
  name                = "${local.name_prefix}health-probe"
  loadbalancer_id     = azurerm_lb.pair.id
  protocol            = "Http"
  port                = local.health_check_port
  request_path        = "/"
  interval_in_seconds = local.probe_interval_seconds
  number_of_probes    = local.probe_unhealthy_threshold
  probe_threshold     = local.probe_unhealthy_threshold
}

resource "azurerm_lb_rule" "balanced" {
  for_each                       = local.balancing_rules_by_name
  name                           = each.value.name
  loadbalancer_id                = azurerm_lb.pair.id
  frontend_ip_configuration_name = local.frontend_name
  protocol                       = each.value.protocol
  frontend_port                  = each.value.port
  backend_port                   = each.value.port
  backend_address_pool_ids       = [azurerm_lb_backend_address_pool.pair.id]
  probe_id                       = azurerm_lb_probe.health.id
  idle_timeout_in_minutes        = local.idle_timeout_minutes
  floating_ip_enabled            = false
  load_distribution              = "Default"
}

resource "azurerm_lb_nat_rule" "management" {
  for_each                       = local.nat_rules_by_name
  name                           = each.value.name
  resource_group_name            = var.resource_group_name
  loadbalancer_id                = azurerm_lb.pair.id
  frontend_ip_configuration_name = local.frontend_name
  protocol                       = "Tcp"
  frontend_port                  = each.value.frontend_port
  backend_port                   = each.value.backend_port
  idle_timeout_in_minutes        = local.idle_timeout_minutes
  floating_ip_enabled            = false
}

resource "azurerm_network_security_group" "pair" {
  name                = var.network_security_group_name
  location            = var.location
  resource_group_name = var.resource_group_name
  tags                = var.tags

  dynamic "security_rule" {
    for_each = local.security_rules
    content {
      name                         = security_rule.value.name
      priority                     = security_rule.value.priority
      direction                    = "Inbound"
      access                       = security_rule.value.access
      protocol                     = security_rule.value.protocol
      source_port_range            = "*"
      source_address_prefix        = security_rule.value.source
      source_address_prefixes      = security_rule.value.sources
      destination_address_prefixes = local.node_addresses
      destination_port_range       = tostring(security_rule.value.port)
    }
  }

  lifecycle {
    precondition {
      condition     = (var.client_address_prefix == null) != (length(var.client_address_prefixes) == 0)
      error_message = "Set exactly one of client_address_prefix and client_address_prefixes."
    }
  }
}
