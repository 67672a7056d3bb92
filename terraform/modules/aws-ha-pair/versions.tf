terraform {
  # 1.11: write-only arguments (the SSM parameters' value_wo) and ephemeral variables.
  required_version = ">= 1.11"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0, < 7.0"
    }
  }
}
