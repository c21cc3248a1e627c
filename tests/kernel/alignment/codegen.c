#include <stdint.h>
#include <string.h>
uint32_t get_u32(const unsigned char *buf) { return *(const uint32_t *)(buf + 1); }
uint64_t get_u64(const unsigned char *buf) { return *(const uint64_t *)(buf + 1); }
double get_f64(const unsigned char *buf) { return *(const double *)(buf + 1); }
double get_f64_memcpy(const unsigned char *buf) { double d; memcpy(&d, buf + 1, sizeof d); return d; }
struct __attribute__((packed)) rec { uint8_t tag; uint32_t len; double val; };
double get_packed(const struct rec *r) { return r->val; }
typedef uint64_t u64_a1 __attribute__((aligned(1)));
uint64_t get_u64_aligned1(const unsigned char *buf) { return *(const u64_a1 *)(buf + 1); }
