    test    rcx, rcx
    je      .L0
    mov     eax, -1
    xor     r9d, r9d
.L1:
    movzx   r8d, byte ptr [rdx + r9]
    xor     r8b, al
    movzx   r8d, r8b
    cmp     rsi, r8
    jbe     .L2
    shr     eax, 8
    xor     eax, dword ptr [rdi + 4*r8]
    inc     r9
    cmp     rcx, r9
    jne     .L1
    not     eax
    ret
.L0:
    xor     eax, eax
    ret
.L2:
    push    rax
    lea     rdx, [rip + .Lanon.0]
    mov     rdi, r8
    call    qword ptr [rip + core::panicking::panic_bounds_check@GOTPCREL]
