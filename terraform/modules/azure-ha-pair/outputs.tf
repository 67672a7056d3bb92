output "primary_node_ui_url" {
  description = "Node 1's UI through the balancer's NAT rule."
  value       = "https://${local.frontend_address}:${local.nodes.node1.api_nat_port}/"
}

output "secondary_node_ui_url" {
  description = "Node 2's UI through the balancer's NAT rule."
  value       = "https://${local.frontend_address}:${local.nodes.node2.api_nat_port}/"
}

output "health_check_url" {
  description = "The health check through the balancer: shows which node is active."
  value       = "http://${local.frontend_address}:${local.health_check_port}/"
}

output "primary_node_private_address" {
  description = "Node 1's private address."
  value       = azurerm_network_interface.node["node1"].private_ip_address
}

output "secondary_node_private_address" {
  description = "Node 2's private address."
  value       = azurerm_network_interface.node["node2"].private_ip_address
}

output "load_balancer_id" {
  description = "ID of the balancer, for `hanode cloud` topology files."
  value       = azurerm_lb.pair.id
}

output "install_check_commands" {
  description = "How to see whether a node installed and started (a failed install stays failed and is shown at login): one command per node, through its SSH NAT rule."
  value = [for key in ["node1", "node2"] :
    "ssh -p ${local.nodes[key].ssh_nat_port} ${var.admin_username}@${local.frontend_address} 'systemctl status hanode-install hanode; journalctl -u hanode-install -u hanode'"
  ]
}

output "key_vault_uri" {
  description = "The Key Vault holding pairing-secret and admin-password; the nodes read them at every start."
  value       = local.key_vault_uri
}

output "witness_endpoint" {
  description = "Blob service of the pair's witness (container hapair-witness)."
  value       = local.witness_endpoint
}
