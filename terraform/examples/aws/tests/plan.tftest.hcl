# Plans the example with a mocked API: the VPC, subnets and NLB are new, so their IDs and CIDRs are
# unknown during plan; the module's for_each keys must not depend on them.
#   cd terraform/examples/aws && terraform init && terraform test
mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-west-1a", "eu-west-1b"] }
  }
  mock_data "aws_region" {
    defaults = { region = "eu-west-1" }
  }
}

variables {
  admin_password      = "B@l'Passw0rd: #2024"
  pairing_secret      = "it's-a-pairing-secret: #0123456789"
  node_release_url    = "https://downloads.example.com/ha-pair/0.1.0/hanode.jar"
  node_release_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
}

run "plans_a_new_vpc" {
  command = plan

  assert {
    condition     = length(module.ha_pair.secret_parameter_names) == 2
    error_message = "The pair's two secrets must be SSM parameters."
  }
}
