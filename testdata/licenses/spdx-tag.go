// SPDX-License-Identifier: MIT OR Apache-2.0

package example

func X() {}
