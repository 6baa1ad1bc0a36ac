/* Ablation Dashboard native shim: the C ABI over libtorch.
 * Every export returns an abl_status; on failure abl_last_error() holds the message for the
 * calling thread. No C++ exception ever crosses this boundary. Handles are opaque and owned by
 * the caller, who frees each one exactly once with its abl_*_free function. */
#ifndef ABL_COMMON_H
#define ABL_COMMON_H

#include <stdint.h>

#if defined(_WIN32)
#define ABL_API __declspec(dllexport)
#else
#define ABL_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t abl_status;
enum { ABL_OK = 0, ABL_ERROR = 1 };

typedef struct abl_tensor abl_tensor;
typedef struct abl_module abl_module;
typedef struct abl_optim abl_optim;

/* Message of the last failed call on this thread (empty when none). Valid until the next call. */
ABL_API const char* abl_last_error(void);

/* Number of live handles (tensors, modules, optimizers) created by this library and not freed,
 * by every thread of the process. */
ABL_API int64_t abl_live_objects(void);

/* The calling thread's balance: handles created on this thread minus handles freed on it. A handle
 * freed on another thread (a .NET finalizer freeing what a caller forgot to dispose, say) leaves it
 * up here, and what other threads create and free never moves it, so code that creates and frees on
 * one thread reads its own leaks from it, whatever runs beside it. Tests use it to prove a training
 * step leaks nothing. */
ABL_API int64_t abl_thread_live_objects(void);

#ifdef __cplusplus
}
#endif
#endif
