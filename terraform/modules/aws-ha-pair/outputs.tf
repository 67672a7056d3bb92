output "primary_node_ui_url" {
  description = "Node 1's UI through the NLB's management listener."
  value       = "https://${aws_lb.pair.dns_name}:${local.nodes.node1.api_nat_port}/"
}

output "secondary_node_ui_url" {
  description = "Node 2's UI through the NLB's management listener."
  value       = "https://${aws_lb.pair.dns_name}:${local.nodes.node2.api_nat_port}/"
}

output "health_check_url" {
  description = "The health check through the NLB: shows which node is active."
  value       = "http://${aws_lb.pair.dns_name}:${local.health_check_port}/"
}

output "primary_node_private_address" {
  description = "Node 1's private address."
  value       = aws_instance.node["node1"].private_ip
}

output "secondary_node_private_address" {
  description = "Node 2's private address."
  value       = aws_instance.node["node2"].private_ip
}

output "load_balancer_arn" {
  description = "ARN of the NLB, for `hanode cloud` topology files."
  value       = aws_lb.pair.arn
}
