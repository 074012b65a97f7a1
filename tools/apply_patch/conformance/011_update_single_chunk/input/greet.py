import sys

def greet():
    print("Hi")

greet()
