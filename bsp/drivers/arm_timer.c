// SPDX-License-Identifier: MIT
/*
 * ARM generic timer ("arm,armv8-timer"), EL1 physical timer: CNTP_TVAL_EL0
 * counts down one period, CNTP_CTL_EL0.ENABLE starts it (ARM DDI 0487,
 * D11.2). The free-running CNTPCT_EL0 gives the clock.
 */
#include <arch/sysreg.h>
#include <bsp/irqchip.h>
#include <bsp/timer.h>
#include "memmap.h"

static uint64_t ticks_per_period;
static uint64_t freq_hz;
static uint64_t start_count;

unsigned bsp_timer_init(unsigned period_us)
{
    freq_hz = read_sysreg(cntfrq_el0);
    ticks_per_period = freq_hz * period_us / 1000000;
    start_count = read_sysreg(cntpct_el0);
    bsp_timer_init_cpu();
    return BOARD_TIMER_INTID;
}

/* Each CPU has its own timer, interrupting it through the same private line. */
void bsp_timer_init_cpu(void)
{
    write_sysreg(cntp_tval_el0, ticks_per_period);
    write_sysreg(cntp_ctl_el0, 1);
    bsp_irq_unmask(BOARD_TIMER_INTID);
}

void bsp_timer_pause_cpu(void)
{
    write_sysreg(cntp_ctl_el0, 0);
}

void bsp_timer_resume_cpu(void)
{
    bsp_timer_init_cpu();
}

void bsp_timer_ack(void)
{
    write_sysreg(cntp_tval_el0, ticks_per_period);
}

uint64_t bsp_timer_now_us(void)
{
    isb();
    uint64_t c = read_sysreg(cntpct_el0) - start_count;
    /* Split so the multiplication cannot overflow for any realistic uptime. */
    return (c / freq_hz) * 1000000 + (c % freq_hz) * 1000000 / freq_hz;
}

uint64_t bsp_timer_freq(void)
{
    return freq_hz;
}
