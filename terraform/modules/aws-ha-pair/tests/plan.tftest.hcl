# Plans the module against the AWS provider's real schema with a mocked API: no account needed.
#   cd terraform/modules/aws-ha-pair && terraform init && terraform test
mock_provider "aws" {
  mock_data "aws_vpc" {
    defaults = { cidr_block = "10.0.0.0/16" }
  }
  mock_data "aws_subnet" {
    defaults = { cidr_block = "10.0.1.0/24" }
  }
  mock_data "aws_ami" {
    defaults = { id = "ami-0123456789abcdef0" }
  }
  mock_data "aws_region" {
    defaults = { region = "eu-west-1" }
  }
  # The user data holds the NLB's DNS name (partner-ui-url); without a value during plan it would be
  # unknown and no assertion on it could be checked. override_during needs Terraform 1.11. The ARN
  # must be one: the listeners check it.
  mock_resource "aws_lb" {
    override_during = plan
    defaults = {
      dns_name = "hapair-nlb-0123456789abcdef.elb.eu-west-1.amazonaws.com"
      arn      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/hapair-nlb/50dc6c495c0c9188"
    }
  }
  # So is the security group's ID, which the nodes' topology file names.
  mock_resource "aws_security_group" {
    override_during = plan
    defaults        = { id = "sg-0123456789abcdef0" }
  }
}

variables {
  vpc_id                 = "vpc-0a1b2c3d"
  subnet_ids             = ["subnet-0aaa", "subnet-0bbb"]
  primary_node_address   = "10.0.1.4"
  secondary_node_address = "10.0.2.4"
  admin_password         = "B@l'Passw0rd: #2024"
  pairing_secret         = "it's-a-pairing-secret: #0123456789"
  node_release_url       = "https://downloads.example.com/ha-pair/0.1.0/hanode.jar"
  node_release_sha256    = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
  published_ports        = [{ port = 443, protocol = "Tcp" }, { port = 53, protocol = "Udp" }, { port = 53, protocol = "Tcp" }]
}

run "pair_plans" {
  command = plan

  assert {
    condition     = aws_lb_target_group.traffic["hapair-rule-tcp-8444"].health_check[0].matcher == "200"
    error_message = "The check port's target group must accept exactly 200 (the standby answers 503)."
  }
  assert {
    condition     = aws_lb_target_group.traffic["hapair-rule-tcp-8444"].deregistration_delay == "5" && aws_lb_target_group.traffic["hapair-rule-tcp-8444"].connection_termination
    error_message = "Target groups drain 5 s and then close connections, as the adapter sets them."
  }
  assert {
    condition     = length(aws_lb_listener.traffic) == 3 && length(aws_lb_listener.management) == 4
    error_message = "Expected a listener per balanced port (8444, 443, 53 TCP_UDP) and four management listeners."
  }
  assert {
    condition     = aws_lb_listener.traffic["hapair-rule-any-53"].protocol == "TCP_UDP"
    error_message = "53 published over TCP and UDP must be one TCP_UDP listener: an NLB listens on a port once."
  }
  assert {
    condition     = length(aws_lb_target_group.traffic["hapair-rule-any-53"].target_health_state) == 0 && length(aws_lb_target_group.traffic["hapair-rule-tcp-443"].target_health_state) == 1
    error_message = "target_health_state applies to TCP groups only; elsewhere it is a perpetual diff."
  }
  assert {
    condition     = length(aws_lb_target_group_attachment.traffic) == 6
    error_message = "Both nodes must be registered in each of the three traffic target groups."
  }
  assert {
    condition     = aws_lb_target_group.management["hapair-nat-node1-api"].port == 8443 && aws_lb_listener.management["hapair-nat-node1-api"].port == 8441
    error_message = "Node 1's UI is reached on the NLB's 8441 through target group hapair-nat-node1-api on 8443."
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.from_balancer) == 4
    error_message = "8443 and 22 must be open to both NLB subnets: the management target groups' health checks come from there."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.from_cidr["hapair-allow-probe/0"].tags["hapair:part"] == "hapair-allow-probe"
    error_message = "Each rule carries its PairTopology part in hapair:part, as the adapter tags the rules it writes."
  }
  assert {
    condition     = strcontains(aws_instance.node["node2"].user_data, "partner: 10.0.1.4")
    error_message = "Node 2 (the slave) must name node 1 as its partner."
  }
  assert {
    condition     = strcontains(aws_instance.node["node1"].user_data, "partner-ui-url: 'https://hapair-nlb-0123456789abcdef.elb.eu-west-1.amazonaws.com:8442'")
    error_message = "Node 1's link to its partner's UI must be the NLB's DNS name on node 2's management port 8442."
  }
  assert {
    condition     = strcontains(aws_instance.node["node2"].user_data, "partner-ui-url: 'https://hapair-nlb-0123456789abcdef.elb.eu-west-1.amazonaws.com:8441'")
    error_message = "Node 2's link to its partner's UI must be the NLB's DNS name on node 1's management port 8441."
  }
  assert {
    condition     = !strcontains(aws_instance.node["node1"].user_data, "it's-a-pairing-secret") && !strcontains(aws_instance.node["node1"].user_data, "Passw0rd")
    error_message = "The secrets must stay out of the user data (readable through instance metadata, kept in the state)."
  }
  assert {
    condition     = aws_ssm_parameter.pairing_secret.type == "SecureString" && aws_ssm_parameter.pairing_secret.name == "/hapair/hapair/pairing-secret" && aws_ssm_parameter.admin_password.name == "/hapair/hapair/admin-password"
    error_message = "The secrets are SecureString parameters under /hapair/<name>."
  }
  assert {
    condition     = aws_instance.node["node1"].metadata_options[0].http_tokens == "required" && aws_instance.node["node1"].metadata_options[0].http_put_response_hop_limit == 1
    error_message = "IMDSv2 only, one hop."
  }
}

run "udp_dns_without_tcp_is_refused" {
  command = plan
  variables {
    published_ports = [{ port = 53, protocol = "Udp" }]
  }
  expect_failures = [var.published_ports]
}

run "reserved_port_is_refused" {
  command = plan
  variables {
    published_ports = [{ port = 8443, protocol = "Tcp" }]
  }
  expect_failures = [var.published_ports]
}

run "duplicate_port_is_refused" {
  command = plan
  variables {
    published_ports = [{ port = 443, protocol = "Tcp" }, { port = 443, protocol = "Tcp" }]
  }
  expect_failures = [var.published_ports]
}

run "plain_http_release_is_refused" {
  command = plan
  variables {
    node_release_url = "http://downloads.example.com/ha-pair/0.1.0/hanode.jar"
  }
  expect_failures = [var.node_release_url]
}
