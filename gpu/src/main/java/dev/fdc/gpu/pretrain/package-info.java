/**
 * Flow-matching pre-training of velocity MLPs on built-in 2-D datasets (the models the examples and
 * tests fine-tune), and a sample distance to judge them.
 */
package dev.fdc.gpu.pretrain;
