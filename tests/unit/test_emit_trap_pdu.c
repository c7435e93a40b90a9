/* SPDX-License-Identifier: ISC */
#include <criterion/criterion.h>
