#include "handles.h"

namespace {
thread_local std::string last_error;
}

namespace abl {

std::atomic<int64_t>& live_objects() {
    static std::atomic<int64_t> count{0};
    return count;
}

int64_t& thread_live_objects() {
    thread_local int64_t count = 0;
    return count;
}

void set_error(const std::string& message) { last_error = message; }
void clear_error() { last_error.clear(); }

}  // namespace abl

extern "C" {

ABL_API const char* abl_last_error(void) { return last_error.c_str(); }

ABL_API int64_t abl_live_objects(void) { return abl::live_objects().load(std::memory_order_relaxed); }

ABL_API int64_t abl_thread_live_objects(void) { return abl::thread_live_objects(); }
}
