/*
 * A stand-in for CUDA's runtime library reporting one pretend GPU, for the CPU rehearsal only
 * (scripts/gpu-rehearse-cpu.sh). DJL counts GPUs by loading libcudart through JNA
 * (ai.djl.util.cuda.CudaUtils); this lets a machine without CUDA exercise that path in the
 * bundle's Java runtime and the -Djna.library.path set-up of scripts/gpu-check.sh. It implements
 * exactly the functions of DJL 0.33's CudaLibrary interface. Never used outside the rehearsal.
 */
#include <stddef.h>

int cudaGetDeviceCount(int* count) { *count = 1; return 0; }
int cudaRuntimeGetVersion(int* version) { *version = 13000; return 0; }
int cudaDeviceGetAttribute(int* value, int attr, int device) {
  if (device != 0) return 101; /* cudaErrorInvalidDevice */
  *value = attr == 75 ? 9 : 0; /* compute capability 9.0 */
  return 0;
}
int cudaMemGetInfo(size_t* free_bytes, size_t* total_bytes) {
  *free_bytes = (size_t)1 << 30;
  *total_bytes = (size_t)2 << 30;
  return 0;
}
int cudaSetDevice(int device) { return device == 0 ? 0 : 101; }
int cudaGetDevice(int* device) { *device = 0; return 0; }
const char* cudaGetErrorString(int code) { return code == 0 ? "no error" : "fake cudart: invalid device"; }
