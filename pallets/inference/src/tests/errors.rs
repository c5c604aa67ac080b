//! Every error path of every call, each leaving no trace.
