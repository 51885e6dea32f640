.L2:
    mov     r8d, eax
    xor     al, byte ptr [rsi]
    shr     r8d, 8
    movzx   eax, al
    xor     r8d, dword ptr [rdi + 4*rax]
    mov     eax, r8d
    xor     r8b, byte ptr [rsi + 1]
    shr     eax, 8
    movzx   r8d, r8b
    xor     eax, dword ptr [rdi + 4*r8]
    mov     r8d, eax
    shr     r8d, 8
    xor     al, byte ptr [rsi + 2]
    movzx   eax, al
    xor     r8d, dword ptr [rdi + 4*rax]
    mov     eax, r8d
    shr     eax, 8
    xor     r8b, byte ptr [rsi + 3]
    add     rsi, 4
    movzx   r8d, r8b
    xor     eax, dword ptr [rdi + 4*r8]
    add     rdx, -4
    jne     .L2
