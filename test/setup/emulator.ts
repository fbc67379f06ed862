// Placeholder: replaced by the moto launcher (emulator/).
export default function setup(): void {}
