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
  description = "ARN of the NLB (aws.loadBalancer of the topology file)."
  value       = aws_lb.pair.arn
}

output "cloud_topology" {
  description = "Topology file of the pair for `hanode cloud plan|apply|diagnose --topology FILE` (JSON, which is YAML): the nodes' own self-check settings plus the instance IDs."
  value = jsonencode(merge(local.cloud_topology, {
    "aws.node1Instance" = aws_instance.node["node1"].id
    "aws.node2Instance" = aws_instance.node["node2"].id
  }))
}

output "secret_parameter_names" {
  description = "The SSM SecureString parameters the nodes read their secrets from at every start."
  value       = [aws_ssm_parameter.pairing_secret.name, aws_ssm_parameter.admin_password.name]
}

output "node_instance_ids" {
  description = "Instance IDs of node 1 and node 2; a node that never answers on 8444 tells why in `aws ec2 get-console-output --instance-id ID`."
  value       = [aws_instance.node["node1"].id, aws_instance.node["node2"].id]
}
