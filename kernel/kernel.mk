# SPDX-License-Identifier: MIT
# placeholder: owner fills in
