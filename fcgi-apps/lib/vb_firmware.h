/*
 * vb_firmware.h - device firmware versions.
 *
 * Akuvox firmware versions are dotted decimals ("916.30.10.216"): the first
 * field names the model line, the others count up.  Comparing them as text
 * gets 916.30.10.9 > 916.30.10.216 wrong, so every field is compared as a
 * number.
 */
#ifndef VB_FIRMWARE_H
#define VB_FIRMWARE_H

/*
 * vb_fw_cmp compares firmware versions a and b field by field, numerically;
 * a field one side lacks counts as 0 (so "1.2" equals "1.2.0").  *out is set
 * to -1, 0 or 1 as a is lower than, equal to or higher than b.  Returns 0,
 * or -1 (*out untouched) when either is NULL, empty, or not digits separated
 * by single dots (no sign, no space, no leading or trailing dot), or has a
 * field over 9 digits.
 */
int vb_fw_cmp(const char *a, const char *b, int *out);

#endif
