// CTracuuCPU: the one processor hint Swift has no word for. Plain C.
#ifndef CTRACUU_CPU_H
#define CTRACUU_CPU_H

#ifdef __cplusplus
extern "C" {
#endif

/// Tells the core this thread is waiting in a loop (x86 PAUSE, ARM
/// YIELD): the loop then takes little of what a core shares with its
/// sibling and leaves it without the penalty of a mispredicted exit.
void CTracuuCPU_relax(void);

#ifdef __cplusplus
}
#endif

#endif
