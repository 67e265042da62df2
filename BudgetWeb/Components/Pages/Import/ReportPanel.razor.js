// Saves bytes streamed from the circuit as a file (the pattern in ASP.NET Core's "file downloads" docs).
export async function download(fileName, streamReference) {
    const blob = new Blob([await streamReference.arrayBuffer()], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(url);
}
