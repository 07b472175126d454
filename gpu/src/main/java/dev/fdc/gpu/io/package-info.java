/** safetensors files in plain Java (read and write, header checks), and fdc's MLP model files on top of them. */
package dev.fdc.gpu.io;
