#include "textflag.h"

// cellsOf8w16 and cellsOf8w32: see overlay_simd_amd64.go.

// VPERMI2PD indices: the x (even) and the y (odd) coordinates of eight
// points held in two registers.
DATA simdPermX<>+0(SB)/8, $0
DATA simdPermX<>+8(SB)/8, $2
DATA simdPermX<>+16(SB)/8, $4
DATA simdPermX<>+24(SB)/8, $6
DATA simdPermX<>+32(SB)/8, $8
DATA simdPermX<>+40(SB)/8, $10
DATA simdPermX<>+48(SB)/8, $12
DATA simdPermX<>+56(SB)/8, $14
GLOBL simdPermX<>(SB), RODATA|NOPTR, $64

DATA simdPermY<>+0(SB)/8, $1
DATA simdPermY<>+8(SB)/8, $3
DATA simdPermY<>+16(SB)/8, $5
DATA simdPermY<>+24(SB)/8, $7
DATA simdPermY<>+32(SB)/8, $9
DATA simdPermY<>+40(SB)/8, $11
DATA simdPermY<>+48(SB)/8, $13
DATA simdPermY<>+56(SB)/8, $15
GLOBL simdPermY<>(SB), RODATA|NOPTR, $64

// func cellsOf8(pts *orb.Point, n int, ids *uint32, blk *uint8, p *simdParams, coarse unsafe.Pointer)
//
// Registers: SI the points, CX groups of eight left, DI ids, R9 block
// masks, R8 the simdParams, BX the coarse table (read with scale 2: a
// 32-bit table's index is doubled by p.shift).
TEXT ·cellsOf8(SB), NOSPLIT, $0-48
	MOVQ pts+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ ids+16(FP), DI
	MOVQ blk+24(FP), R9
	MOVQ p+32(FP), R8
	MOVQ coarse+40(FP), BX
	VBROADCASTSD 0(R8), Z20   // minX
	VBROADCASTSD 8(R8), Z21   // minY
	VBROADCASTSD 16(R8), Z22  // inv
	VPBROADCASTD 24(R8), Y23  // nfx
	VPBROADCASTD 28(R8), Y24  // nfy
	VPBROADCASTD 32(R8), Y25  // ncx
	VPBROADCASTD 36(R8), Y26  // nlists
	VPBROADCASTD 40(R8), Y27  // emptyList
	VPBROADCASTD 44(R8), Y28  // the code's bits
	VMOVQ 48(R8), X14         // shift of the index
	VMOVDQU64 simdPermX<>(SB), Z29
	VMOVDQU64 simdPermY<>(SB), Z30
	SHRQ $3, CX
	JZ done

loop:
	VMOVUPD 0(SI), Z0             // x0 y0 … x3 y3
	VMOVUPD 64(SI), Z1            // x4 y4 … x7 y7
	VMOVAPD Z29, Z2
	VPERMI2PD Z1, Z0, Z2          // x0 … x7
	VMOVAPD Z30, Z3
	VPERMI2PD Z1, Z0, Z3          // y0 … y7
	VSUBPD Z20, Z2, Z2
	VMULPD Z22, Z2, Z2            // fx
	VSUBPD Z21, Z3, Z3
	VMULPD Z22, Z3, Z3            // fy
	VCVTTPD2DQ Z2, Y4             // gx (0x80000000 for NaN, ±Inf and beyond int32)
	VCVTTPD2DQ Z3, Y5             // gy
	VPCMPUD $1, Y23, Y4, K1       // gx < nfx
	VPCMPUD $1, Y24, Y5, K1, K1   // … and gy < nfy: in the grid
	VPSRLD $3, Y4, Y6             // gx/cellBlock
	VPSRLD $3, Y5, Y7             // gy/cellBlock
	VPMULLD Y25, Y7, Y7
	VPADDD Y6, Y7, Y7             // the coarse cell
	VPSLLD X14, Y7, Y7
	KMOVW K1, K2                  // the gather clears its mask
	VMOVDQA32 Y27, Y8             // emptyList outside the grid
	VPGATHERDD (BX)(Y7*2), K2, Y8
	VPANDD Y28, Y8, Y8
	VPCMPUD $5, Y26, Y8, K1, K3   // in the grid and code ≥ nlists: a block
	VMOVDQU32 Y8, 0(DI)
	KMOVW K3, AX
	MOVB AL, 0(R9)
	ADDQ $128, SI
	ADDQ $32, DI
	INCQ R9
	DECQ CX
	JNZ loop

done:
	VZEROUPPER
	RET
