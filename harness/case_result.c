#include "case_result.h"

const char *case_status_name(case_status s) {
    switch (s) {
    case CASE_OK: return "ok";
    case CASE_FAILED: return "FAILED";
    case CASE_UNAVAILABLE: return "unavailable";
    case CASE_ERROR: return "error";
    }
    return "?";
}
