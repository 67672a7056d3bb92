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
  # The user data holds the NLB's DNS name (partner-ui-url); without a value during plan it would be
  # unknown and no assertion on it could be checked. override_during needs Terraform 1.11.
  mock_resource "aws_lb" {
    override_during = plan
    defaults        = { dns_name = "hapair-nlb-0123456789abcdef.elb.eu-west-1.amazonaws.com" }
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
  published_ports        = [{ port = 443, protocol = "Tcp" }, { port = 53, protocol = "Udp" }]
}

run "pair_plans" {
  command = plan

  assert {
    condition     = aws_lb_target_group.traffic["hapair-tcp-8444"].health_check[0].matcher == "200"
    error_message = "The check port's target group must accept exactly 200 (the standby answers 503)."
  }
  assert {
    condition     = length(aws_lb_listener.traffic) == 3 && length(aws_lb_listener.management) == 4
    error_message = "Expected a listener per balanced port (8444, 443, 53) and four management listeners."
  }
  assert {
    condition     = length(aws_lb_target_group_attachment.traffic) == 6
    error_message = "Both nodes must be registered in each of the three traffic target groups."
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
}
