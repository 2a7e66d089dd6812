/* SPDX-License-Identifier: MIT */
/*
 * The little protocol of the ipc-demo programs (conf/ipc-demo.cfg): a call
 * through the channel "svr" with mr0 = opcode. ADD: mr1 + mr2 -> reply mr0.
 * UPPER: mr1 = length, then the bytes -> the same string in capitals.
 * The reply label is 0, or -L4_ENOSYS for an unknown opcode.
 */
#pragma once

enum ipc_demo_ops {
    IPC_DEMO_ADD = 1,
    IPC_DEMO_UPPER = 2,
};

/** The label the server binds its thread to the channel with. */
#define IPC_DEMO_LABEL 0x1230
/** Longest string of UPPER. */
#define IPC_DEMO_STR_MAX 200
