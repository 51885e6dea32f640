.L2:
    movzx   r8d, byte ptr [rdx]
    xor     r8b, al
    shr     eax, 8
    movzx   r8d, r8b
    xor     eax, dword ptr [rdi + 4*r8]
    movzx   r8d, byte ptr [rdx + 1]
    xor     r8b, al
    shr     eax, 8
    movzx   r8d, r8b
    xor     eax, dword ptr [rdi + 4*r8]
    movzx   r8d, byte ptr [rdx + 2]
    xor     r8b, al
    shr     eax, 8
    movzx   r8d, r8b
    xor     eax, dword ptr [rdi + 4*r8]
    movzx   r8d, byte ptr [rdx + 3]
    xor     r8b, al
    add     rdx, 4
    shr     eax, 8
    movzx   r8d, r8b
    xor     eax, dword ptr [rdi + 4*r8]
    add     rcx, -4
    jne     .L2
