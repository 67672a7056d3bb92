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
